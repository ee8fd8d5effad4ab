package dev.descent.training;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A bounded picture of a job's loss curve for the job view, whatever its epochs: every epoch while there are at most
 * {@link #MAX_POINTS}; beyond that the last {@link #RECENT} epochs, and before them {@link #SAMPLED} epochs spaced
 * evenly from the first, with the epoch of the least loss always among them.
 *
 * @param epochs how many epochs the job has run
 * @param points the epochs shown, in order
 */
public record LossCurve(int epochs, List<Point> points) {

    static final int RECENT = 100;
    static final int SAMPLED = 100;
    static final int MAX_POINTS = RECENT + SAMPLED;

    /** @param epoch counted from 1 */
    public record Point(int epoch, double loss) {
    }

    public LossCurve {
        points = List.copyOf(points);
    }

    public static LossCurve of(double[] losses) {
        int n = losses.length;
        TreeSet<Integer> shown = new TreeSet<>();
        if (n <= MAX_POINTS) {
            for (int e = 0; e < n; e++) {
                shown.add(e);
            }
        } else {
            int early = n - RECENT;
            for (int i = 0; i < SAMPLED; i++) {
                shown.add((int) ((long) i * early / SAMPLED));
            }
            int best = 0;
            for (int e = 1; e < n; e++) {
                if (losses[e] < losses[best]) {
                    best = e;
                }
            }
            shown.add(best);
            for (int e = early; e < n; e++) {
                shown.add(e);
            }
        }
        List<Point> points = new ArrayList<>(shown.size());
        for (int e : shown) {
            points.add(new Point(e + 1, losses[e]));
        }
        return new LossCurve(n, points);
    }
}
