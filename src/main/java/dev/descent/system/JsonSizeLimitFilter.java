package dev.descent.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses JSON bodies over {@code descent.api.max-json-size}: at once when the declared length is too large,
 * and while reading when a chunked body grows past it. Either way the answer is a 413 problem.
 */
public class JsonSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final String message;
    private final JsonMapper json;

    public JsonSizeLimitFilter(JsonLimitProperties properties, JsonMapper json) {
        this.json = json;
        this.maxBytes = properties.maxJsonSize().toBytes();
        this.message = "JSON request bodies may be at most " + properties.maxJsonSize().toMegabytes()
                + " MB; upload large datasets as CSV (text/csv or multipart), or raise descent.api.max-json-size.";
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return true;
        }
        if (type.equalsIgnoreCase(MediaType.APPLICATION_JSON_VALUE)) {
            return false; // the common case, without parsing: it showed in profiles of the one-row prediction
        }
        try {
            return !MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON);
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            ProblemResponses.write(response, json, HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", message);
            return;
        }
        chain.doFilter(new LimitedRequest(request), response);
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private LimitedInput input;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (input == null) {
                input = new LimitedInput(super.getInputStream());
            }
            return input;
        }
    }

    private final class LimitedInput extends ServletInputStream {

        private final ServletInputStream in;
        private long read;

        LimitedInput(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new PayloadTooLargeException(message);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
