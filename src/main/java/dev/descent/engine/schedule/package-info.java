/** Learning-rate schedules (constant, inverse scaling, step, exponential, cosine, adaptive), each with per-run state. */
package dev.descent.engine.schedule;
