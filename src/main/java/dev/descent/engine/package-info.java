/** The math API: training data, hyperparameters, trainers and fitted linear models, in plain Java types. */
package dev.descent.engine;
