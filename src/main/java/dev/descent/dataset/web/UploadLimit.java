package dev.descent.dataset.web;

import dev.descent.dataset.DatasetProperties;
import dev.descent.system.BusyException;
import dev.descent.system.RequestThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.Semaphore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * At most {@code descent.datasets.max-concurrent-uploads} dataset uploads are read at once; one more is answered 429
 * with Retry-After before its body is read. An upload holds a request thread for as long as its client takes to
 * send the body, and the pool of request threads is kept small so that predictions stay fast: without this limit a
 * few slow uploads could hold all of them. Multipart bodies are resolved lazily
 * ({@code spring.servlet.multipart.resolve-lazily}), so that the check comes before the file is received.
 */
@Configuration(proxyBeanMethods = false)
class UploadLimit implements WebMvcConfigurer, HandlerInterceptor {

    static final long RETRY_AFTER_SECONDS = 5;
    private static final String HOLDS_PERMIT = UploadLimit.class.getName() + ".permit";

    private final Semaphore permits;
    private final int limit;

    UploadLimit(DatasetProperties properties, MeterRegistry registry) {
        this.limit = properties.maxConcurrentUploads();
        this.permits = new Semaphore(limit);
        Gauge.builder("descent.datasets.uploads.active", permits, p -> limit - p.availablePermits())
                .description("Dataset uploads being read now (at most descent.datasets.max-concurrent-uploads)")
                .register(registry);
    }

    /**
     * Request threads: one per core and one more ({@link RequestThreads}), and at least one more than the uploads
     * allowed at once, so that slow uploads always leave a thread for every other request.
     */
    @Bean
    RequestThreads requestThreads(Environment environment) {
        return new RequestThreads(environment, limit + 1);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/datasets");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        if (!permits.tryAcquire()) {
            throw new BusyException(limit + " dataset uploads are being read already; retry later, or raise "
                    + "descent.datasets.max-concurrent-uploads.", RETRY_AFTER_SECONDS);
        }
        request.setAttribute(HOLDS_PERMIT, Boolean.TRUE);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(HOLDS_PERMIT) != null) {
            request.removeAttribute(HOLDS_PERMIT);
            permits.release();
        }
    }
}
