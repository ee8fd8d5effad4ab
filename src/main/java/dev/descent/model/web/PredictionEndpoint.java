package dev.descent.model.web;

import dev.descent.model.Prediction;
import dev.descent.model.Predictions;
import dev.descent.system.InvalidInputException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/models/{id}/predictions}, the service's hottest request, as a plain request handler: it reads
 * the body and writes the answer with Jackson's streaming API ({@link PredictionJson}) instead of going through an
 * annotated controller's argument resolvers and message converters, which cost about half of the service's CPU per
 * one-row prediction under load (bench/LOAD.md). Everything else stays: the servlet filters (request id, CORS, API
 * keys, JSON size limit, metrics) run before it, its exceptions reach the same problem-details advice as every
 * controller's, and {@link PredictionRoute} routes it and documents it in the OpenAPI document.
 */
final class PredictionEndpoint implements HttpRequestHandler {


    private final Predictions predictions;
    private final PredictionJson json;
    private final HandlerExceptionResolver errors;

    PredictionEndpoint(Predictions predictions, JsonMapper mapper, HandlerExceptionResolver errors) {
        this.predictions = predictions;
        this.json = new PredictionJson(mapper);
        this.errors = errors;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        try {
            handle(request, response);
        } catch (Exception e) {
            // Spring MVC applies @ControllerAdvice only to annotated controllers' exceptions, or to those raised
            // before any handler was chosen: so they are resolved here, as the latter, by the same resolvers.
            if (errors.resolveException(request, response, null, e) == null) {
                throw e;
            }
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!HttpMethod.POST.matches(request.getMethod())) {
            throw new HttpRequestMethodNotSupportedException(request.getMethod(), Set.of(HttpMethod.POST.name()));
        }
        checkContentType(request.getContentType());
        checkAccept(request.getHeader(HttpHeaders.ACCEPT));
        @SuppressWarnings("unchecked")
        String id = ((Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)).get("id");
        Double threshold = threshold(request.getParameter("threshold"));
        PredictionRequest body;
        try {
            body = json.read(request.getInputStream());
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("Cannot read the prediction request", e, new ServletServerHttpRequest(request));
        }
        if (body == null) {
            throw new HttpMessageNotReadableException("Required request body is missing", new ServletServerHttpRequest(request));
        }
        boolean hasFeatures = body.features() != null;
        if (hasFeatures == (body.instances() != null)) {
            throw new InvalidInputException("Send exactly one of 'features' (arrays of numbers) or 'instances' "
                    + "(objects keyed by feature name).",
                    List.of(new InvalidInputException.FieldError("features", "exactly one of features or instances is required")));
        }
        List<Prediction> result = hasFeatures
                ? predictions.predictRows(id, body.features(), threshold)
                : predictions.predictInstances(id, body.instances(), threshold);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.write(new PredictionResponse(id, result), response.getOutputStream());
    }

    /** application/json, with or without parameters, as {@code consumes} on a controller would accept it. */
    private static void checkContentType(String contentType) throws HttpMediaTypeNotSupportedException {
        String json = MediaType.APPLICATION_JSON_VALUE;
        if (contentType != null && contentType.length() == json.length() && contentType.equalsIgnoreCase(json)) {
            return; // the common case, without parsing
        }
        MediaType given;
        try {
            given = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            given = null;
        }
        if (given == null || !MediaType.APPLICATION_JSON.includes(given)) {
            throw new HttpMediaTypeNotSupportedException(given, List.of(MediaType.APPLICATION_JSON), HttpMethod.POST);
        }
    }

    /**
     * The answer is JSON: an {@code Accept} that rules it out gets 406, as from an annotated controller, before any
     * work is done. The usual values (none, {@code *}{@code /*}, {@code application/json}) are recognised without parsing.
     */
    private static void checkAccept(String accept) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.equals("*/*") || accept.equals(MediaType.APPLICATION_JSON_VALUE)) {
            return;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("Could not parse 'Accept' header [" + accept + "]: " + e.getMessage());
        }
        for (MediaType type : accepted) {
            if (type.getQualityValue() > 0 && type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return;
            }
        }
        if (!accepted.isEmpty()) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
        }
    }

    /** The request's threshold; null when it gives none, for the model's own. */
    private static Double threshold(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.forField("threshold", "must be a number between 0 and 1, got '" + value + "'");
        }
    }
}
