package dev.descent.model.web;

import dev.descent.model.Predictions;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes {@code /api/v1/models/{id}/predictions} to {@link PredictionEndpoint} ahead of the annotated controllers,
 * and describes it in the OpenAPI document, where springdoc sees only annotated controllers.
 */
@Configuration(proxyBeanMethods = false)
class PredictionRoute {

    static final String PATH = "/api/v1/models/{id}/predictions";

    @Bean
    SimpleUrlHandlerMapping predictionMapping(Predictions predictions, JsonMapper json,
                                              @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        // every method: only POST is allowed, and the endpoint answers the others 405 as a controller would
        PredictionEndpoint endpoint = new PredictionEndpoint(predictions, json, errors);
        return new SimpleUrlHandlerMapping(Map.of(PATH, endpoint), Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    OpenApiCustomizer predictionDocumentation() {
        return openApi -> {
            ModelConverters.getInstance(true).readAll(PredictionRequest.class).forEach(openApi.getComponents()::addSchemas);
            ModelConverters.getInstance(true).readAll(PredictionResponse.class).forEach(openApi.getComponents()::addSchemas);
            Operation predict = new Operation()
                    .operationId("predict")
                    .addTagsItem("Models")
                    .summary("Score rows with a model")
                    .description("Send either features (arrays in the model's feature order) or instances (objects keyed "
                            + "by feature name). Logistic models answer {label, probability} with label = 1 when "
                            + "probability >= threshold; linear models answer {value}.")
                    .addParametersItem(new PathParameter().name("id").required(true).schema(new StringSchema()))
                    .addParametersItem(new QueryParameter().name("threshold").required(false)
                            .description("probability from which a logistic model answers label 1")
                            .schema(new NumberSchema()._default(new BigDecimal("0.5")).minimum(BigDecimal.ZERO).maximum(BigDecimal.ONE)))
                    .requestBody(new RequestBody().required(true).content(json(PredictionRequest.class)))
                    .responses(new ApiResponses().addApiResponse("200",
                            new ApiResponse().description("OK").content(json(PredictionResponse.class))));
            openApi.path(PATH, new PathItem().post(predict));
        };
    }

    private static Content json(Class<?> type) {
        return new Content().addMediaType(MediaType.APPLICATION_JSON_VALUE, new io.swagger.v3.oas.models.media.MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + type.getSimpleName())));
    }
}
