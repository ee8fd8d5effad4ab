/** Update rules for the parameters from their gradient (SGD, momentum, AdaGrad, RMSProp, Adam, AdamW), each with per-run state. */
package dev.descent.engine.optimiser;
