package dev.descent.model;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the prediction endpoint.
 *
 * @param maxRows the most rows one prediction request may carry
 */
@Validated
@ConfigurationProperties("descent.predictions")
public record PredictionProperties(@DefaultValue("100000") @Min(1) int maxRows) {
}
