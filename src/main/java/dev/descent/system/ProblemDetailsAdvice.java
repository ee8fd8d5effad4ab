package dev.descent.system;

import dev.descent.storage.StorageException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Maps descent's exceptions, and Spring MVC's own, to RFC 9457 problem details with a stable {@code type} URI.
 * Unexpected exceptions are answered 500 in the same format, without echoing their message.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** The base of every problem type URI. */
    public static final String TYPE_BASE = "https://descent.dev/problems/";

    @ExceptionHandler
    ResponseEntity<Object> notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), List.of(), null);
    }

    @ExceptionHandler
    ResponseEntity<Object> invalidInput(InvalidInputException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage(), e.errors(), null);
    }

    @ExceptionHandler
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", e.getMessage(), List.of(), null);
    }

    @ExceptionHandler
    ResponseEntity<Object> conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), List.of(), null);
    }

    /**
     * The data directory refused a write: 507 when it is full (the client may retry once space is freed), 503 for
     * any other I/O failure. What the request had begun to write is gone by now, so the answer says nothing was kept.
     */
    @ExceptionHandler
    ResponseEntity<Object> storage(StorageException e) {
        log.error("Storage failure: {}", e.getMessage(), e.getCause());
        if (e.insufficientSpace()) {
            return problem(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "Insufficient storage",
                    "The service's storage is full, so nothing of this request was kept; free space in the storage "
                            + "directory (descent.storage.dir), delete datasets or models you no longer need, then retry.",
                    List.of(), null);
        }
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable", "Storage unavailable",
                "The service could not write to its storage (an I/O error), so nothing of this request was kept; "
                        + "retry later, and see the service log for the cause.", List.of(), null);
    }

    /**
     * Anything else that escapes a controller: a 500 in the same problem format as every other answer, with the
     * request id to find the logged stack trace by, and nothing of the exception's message. Exceptions that carry
     * their own status ({@code @ResponseStatus}) keep it.
     */
    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e) throws Exception {
        if (AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class)) {
            throw e;
        }
        log.error("Unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The service failed on an internal error; nothing of this request may have been kept. Retry, and if it "
                        + "fails again report the requestId: the service log has the cause under it.", List.of(), null);
    }

    @ExceptionHandler
    ResponseEntity<Object> badMultipart(MultipartException e) {
        // MaxUploadSizeExceededException, more specific, stays with ResponseEntityExceptionHandler's 413
        return invalid("The multipart/form-data body cannot be read (a missing or wrong boundary, or a body cut off); "
                + "send a well-formed form with the CSV in a part named 'file', or send the CSV as a text/csv body.", List.of());
    }

    @ExceptionHandler
    ResponseEntity<Object> busy(BusyException e) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        return problem(HttpStatus.TOO_MANY_REQUESTS, "busy", "Too many requests", e.getMessage(), List.of(), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return invalid("Unknown field '" + field + "': remove it or check its spelling.",
                    List.of(new InvalidInputException.FieldError(field, "unknown field")));
        }
        if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
            MismatchedInputException mismatch = (MismatchedInputException) cause;
            String field = path(mismatch);
            String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
            String where = field.isEmpty() ? "The request body" : "Field '" + field + "'";
            return invalid(where + " has the wrong type: expected " + expected + ".",
                    List.of(new InvalidInputException.FieldError(field.isEmpty() ? "$" : field, "expected " + expected)));
        }
        if (cause instanceof JacksonException json && json.getLocation() != null) {
            return invalid("The request body is not valid JSON (line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr() + "): " + json.getOriginalMessage() + ".", List.of());
        }
        if (cause instanceof InvalidInputException invalidInput) {
            return invalidInput(invalidInput);
        }
        if (cause instanceof PayloadTooLargeException tooLarge) {
            return tooLarge(tooLarge);
        }
        return invalid("The request body is missing or cannot be read as JSON.", List.of());
    }

    /**
     * A 406 means the client's {@code Accept} rules out what the endpoint answers, so its problem is sent as
     * {@code application/problem+json} whatever that header says: negotiated against the same header, it would be
     * dropped, body and all, when the header does not even parse.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e,
                                                                      HttpHeaders headers, HttpStatusCode status,
                                                                      WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleHttpMediaTypeNotAcceptable(e, problemHeaders, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<InvalidInputException.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new InvalidInputException.FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        return invalid(summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<InvalidInputException.FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new InvalidInputException.FieldError(
                        result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return invalid(summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail detail) {
            if (detail.getType() == null || detail.getType().equals(URI.create("about:blank"))) {
                detail.setType(URI.create(TYPE_BASE + "http-" + statusCode.value()));
            }
            withRequestId(detail);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> invalid(String detail, List<InvalidInputException.FieldError> errors) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail, errors, null);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
                                                  List<InvalidInputException.FieldError> errors, HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        withRequestId(problem);
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    private static void withRequestId(ProblemDetail problem) {
        String requestId = org.slf4j.MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
    }

    private static String summary(List<InvalidInputException.FieldError> errors) {
        return errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")) + ".";
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase().replace('_', '-')).collect(Collectors.joining(", "));
        }
        return "an object";
    }
}
