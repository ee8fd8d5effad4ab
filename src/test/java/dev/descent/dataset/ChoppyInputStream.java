package dev.descent.dataset;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Random;

/** Hands out the bytes in random small pieces, as a socket does. */
final class ChoppyInputStream extends FilterInputStream {

    private final Random random;
    private final int maxPiece;

    ChoppyInputStream(byte[] bytes, Random random, int maxPiece) {
        super(new ByteArrayInputStream(bytes));
        this.random = random;
        this.maxPiece = maxPiece;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(maxPiece)));
    }
}
