package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.env.MockEnvironment;

class RequestThreadsTests {

    @Test
    void oneRequestThreadPerCoreAndOneMoreByDefault() {
        AbstractProtocol<?> protocol = customizedProtocol(new MockEnvironment());
        assertThat(protocol.getMaxThreads()).isEqualTo(Runtime.getRuntime().availableProcessors() + 1);
        assertThat(protocol.getMinSpareThreads()).isLessThanOrEqualTo(protocol.getMaxThreads());
    }

    @Test
    void theSpringBootPropertyStillDecides() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new WebConfiguration.RequestThreads(new MockEnvironment().withProperty("server.tomcat.threads.max", "50")).customize(factory);
        assertThat(factory.getConnectorCustomizers()).isEmpty(); // Spring Boot's own customizer applies the 50
    }

    private static AbstractProtocol<?> customizedProtocol(MockEnvironment environment) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new WebConfiguration.RequestThreads(environment).customize(factory);
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
        return (AbstractProtocol<?>) connector.getProtocolHandler();
    }
}
