package dev.descent.training.web;

import java.util.List;

/** Small data sent with the job itself; it is stored as a dataset of source "inline". */
public record InlineDatasetRequest(String name, List<String> featureNames, double[][] features, double[] targets) {
}
