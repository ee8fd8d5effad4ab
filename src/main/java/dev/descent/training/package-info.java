/** Training jobs: validated up front, queued on a bounded executor, run by the engine, recorded durably. */
package dev.descent.training;
