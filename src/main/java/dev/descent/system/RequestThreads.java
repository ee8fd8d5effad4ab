package dev.descent.system;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Sizes Tomcat's request threads, unless {@code server.tomcat.threads.max} says otherwise: one per core and one
 * more, and never fewer than a given minimum (more than the requests that may wait on their clients at once, so
 * that one thread always remains for the others). Requests are short and CPU-bound, and every runnable thread beyond
 * the cores costs: on 2 cores a one-row prediction took 60 µs of CPU with 2 threads, 87 with 3, 120 with 4 and
 * 120–190 with 8, and the service's own p99 went from 0.4 ms to 8 ms (bench/LOAD.md). Tomcat's default is 200.
 *
 * <p>Ordered last, so that it runs after Spring Boot's own Tomcat customizer, which sets the pool from its properties.
 */
public final class RequestThreads implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    public static final String PROPERTY = "server.tomcat.threads.max";

    private final Environment environment;
    private final int minimum;

    public RequestThreads(Environment environment, int minimum) {
        this.environment = environment;
        this.minimum = minimum;
    }

    /** The number of threads when the property is not set. */
    public int count() {
        return Math.max(Runtime.getRuntime().availableProcessors() + 1, minimum);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (environment.containsProperty(PROPERTY)) {
            return;
        }
        int threads = count();
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setMaxThreads(threads);
                protocol.setMinSpareThreads(Math.min(protocol.getMinSpareThreads(), threads));
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
