package dev.descent.dataset;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Datasets stored, and the bytes they take on disk. */
@Component
class DatasetMetrics implements MeterBinder {

    private final Datasets datasets;

    DatasetMetrics(Datasets datasets) {
        this.datasets = datasets;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("descent.datasets.stored.bytes", datasets,
                        d -> d.all().stream().mapToLong(Dataset::sizeBytes).sum())
                .description("Bytes of dataset files on disk").baseUnit("bytes").register(registry);
        Gauge.builder("descent.datasets.stored", datasets, d -> d.all().size())
                .description("Datasets stored").register(registry);
    }
}
