package dev.descent.training.web;

import dev.descent.engine.InvalidHyperparameterException;
import java.util.Map;
import java.util.Set;

/**
 * The rule of every option group a request names ({@code optimizer}, {@code learningRateSchedule}): its name picks
 * the parameters it takes, and a parameter given that the named option does not take is an error, not ignored.
 */
final class OptionParameters {

    private OptionParameters() {
    }

    /**
     * @param given every parameter of the group's request, null where the client left it out
     * @throws InvalidHyperparameterException naming the first given parameter that {@code name} does not take
     */
    static void refuseOthers(String name, Map<String, Object> given, Set<String> takes) {
        given.forEach((parameter, value) -> {
            if (value != null && !takes.contains(parameter)) {
                throw new InvalidHyperparameterException(parameter, "does not apply to " + name + " ("
                        + (takes.isEmpty() ? "it takes no parameters" : "it takes " + String.join(", ", takes.stream().sorted().toList()))
                        + ")");
            }
        });
    }
}
