/** The ND4J implementation of the engine; the only package that imports org.nd4j or org.bytedeco. */
package dev.descent.engine.nd4j;
