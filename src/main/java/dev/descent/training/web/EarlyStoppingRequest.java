package dev.descent.training.web;

import dev.descent.engine.EarlyStopping;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code "earlyStopping": {"patience", "minDelta", "restoreBestWeights"}}, each optional. */
@Schema(description = "Stop once the monitored loss (the validation rows' with validationFraction, the training loss "
        + "otherwise) has not fallen below its best by more than minDelta for patience epochs; restoreBestWeights ends "
        + "with the best epoch's weights.", example = "{\"patience\": 5, \"minDelta\": 0, \"restoreBestWeights\": true}")
public record EarlyStoppingRequest(
        @Schema(description = "epochs without improvement before stopping, ≥ 1; default 5") Integer patience,
        @Schema(description = "the least fall below the best that counts, ≥ 0; default 0") Double minDelta,
        @Schema(description = "end with the best epoch's weights; default true") Boolean restoreBestWeights) {

    EarlyStopping resolve() {
        EarlyStopping d = EarlyStopping.defaults();
        return new EarlyStopping(patience != null ? patience : d.patience(), minDelta != null ? minDelta : d.minDelta(),
                restoreBestWeights != null ? restoreBestWeights : d.restoreBestWeights());
    }
}
