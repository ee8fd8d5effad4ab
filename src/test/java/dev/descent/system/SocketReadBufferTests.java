package dev.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

class SocketReadBufferTests {

    @Test
    void readsTheSocket64KibAtATime() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new SocketReadBuffer().customize(factory);
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo("8192"); // Tomcat's default
        factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
        assertThat(connector.getProperty("socket.appReadBufSize")).isEqualTo("65536");
    }
}
