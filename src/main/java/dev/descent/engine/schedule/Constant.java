package dev.descent.engine.schedule;

/** The same rate every epoch: η₀. */
public record Constant() implements LearningRateSchedule {

    public static final String NAME = "constant";

    public static Constant defaults() {
        return new Constant();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Run start(double initialRate, int epochs) {
        Horizon horizon = new Horizon(initialRate, epochs);
        // η = η₀
        return epoch -> {
            horizon.check(epoch);
            return initialRate;
        };
    }
}
