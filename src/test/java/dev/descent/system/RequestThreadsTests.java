package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.env.MockEnvironment;

class RequestThreadsTests {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void oneRequestThreadPerCoreAndOneMoreByDefault() {
        AbstractProtocol<?> protocol = customizedProtocol(new RequestThreads(new MockEnvironment(), 1));
        assertThat(protocol.getMaxThreads()).isEqualTo(CORES + 1);
        assertThat(protocol.getMinSpareThreads()).isLessThanOrEqualTo(protocol.getMaxThreads());
    }

    @Test
    void neverFewerThanTheMinimum() {
        assertThat(customizedProtocol(new RequestThreads(new MockEnvironment(), CORES + 5)).getMaxThreads()).isEqualTo(CORES + 5);
    }

    @Test
    void theSpringBootPropertyStillDecides() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new RequestThreads(new MockEnvironment().withProperty("server.tomcat.threads.max", "50"), 1).customize(factory);
        assertThat(factory.getConnectorCustomizers()).isEmpty(); // Spring Boot's own customizer applies the 50
    }

    private static AbstractProtocol<?> customizedProtocol(RequestThreads threads) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        threads.customize(factory);
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
        return (AbstractProtocol<?>) connector.getProtocolHandler();
    }
}
