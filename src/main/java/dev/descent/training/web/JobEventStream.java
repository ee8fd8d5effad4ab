package dev.descent.training.web;

import dev.descent.training.JobEvent;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Relays one job's events to one SSE client. Events are queued by the training thread and sent from another,
 * so a slow client never slows training; if a client falls far behind, progress events are dropped, never the
 * final status.
 */
final class JobEventStream implements Consumer<JobEvent> {

    private static final int MAX_BACKLOG = 10_000;

    private final SseEmitter emitter;
    private final Executor sender;
    private final Queue<JobEvent> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;

    JobEventStream(SseEmitter emitter, Executor sender) {
        this.emitter = emitter;
        this.sender = sender;
    }

    @Override
    public void accept(JobEvent event) {
        if (closed || (event instanceof JobEvent.Progress && size.get() >= MAX_BACKLOG)) {
            return;
        }
        backlog.add(event);
        size.incrementAndGet();
        if (draining.compareAndSet(false, true)) {
            sender.execute(this::drain);
        }
    }

    void close() {
        closed = true;
    }

    private void drain() {
        do {
            JobEvent event;
            while ((event = backlog.poll()) != null) {
                size.decrementAndGet();
                send(event);
            }
            draining.set(false);
        } while (!backlog.isEmpty() && draining.compareAndSet(false, true));
    }

    /** {@code {"epoch", "loss", "learningRate", "validationLoss"}}, the last two only when known. */
    private static Map<String, Object> progressData(JobEvent.Progress progress) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("epoch", progress.epoch());
        data.put("loss", progress.loss());
        if (Double.isFinite(progress.learningRate())) {
            data.put("learningRate", progress.learningRate());
        }
        if (Double.isFinite(progress.validationLoss())) {
            data.put("validationLoss", progress.validationLoss());
        }
        return data;
    }

    private void send(JobEvent event) {
        if (closed) {
            return;
        }
        try {
            if (event instanceof JobEvent.Progress progress) {
                emitter.send(SseEmitter.event().name("progress").id(Integer.toString(progress.epoch()))
                        .data(progressData(progress), MediaType.APPLICATION_JSON));
            } else if (event instanceof JobEvent.StatusChanged changed) {
                emitter.send(SseEmitter.event().name("status")
                        .data(TrainingJobResponse.of(changed.job()), MediaType.APPLICATION_JSON));
                if (changed.job().status().isFinal()) {
                    closed = true;
                    emitter.complete();
                }
            }
        } catch (IOException | IllegalStateException e) {
            closed = true;
            emitter.completeWithError(e);
        }
    }
}
