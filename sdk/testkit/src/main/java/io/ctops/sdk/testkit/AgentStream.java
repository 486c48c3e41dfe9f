package io.ctops.sdk.testkit;

import io.ctops.proto.agent.v1.HeartbeatRequest;
import io.ctops.proto.agent.v1.HeartbeatResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An open heartbeat stream of a {@link TestAgent}: send heartbeats, read the answers in order. */
public final class AgentStream implements AutoCloseable {

    private static final Object COMPLETED = new Object();

    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final StreamObserver<HeartbeatRequest> requests;

    AgentStream(java.util.function.Function<StreamObserver<HeartbeatResponse>, StreamObserver<HeartbeatRequest>> open) {
        this.requests = open.apply(new StreamObserver<>() {
            @Override
            public void onNext(HeartbeatResponse value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                answers.add(t);
            }

            @Override
            public void onCompleted() {
                answers.add(COMPLETED);
            }
        });
    }

    /** Sends one heartbeat without waiting. */
    public void send(HeartbeatRequest heartbeat) {
        requests.onNext(heartbeat);
    }

    /** Sends one heartbeat and waits for the next answer (throws the stream's error if it failed). */
    public HeartbeatResponse exchange(HeartbeatRequest heartbeat) {
        send(heartbeat);
        return next();
    }

    /** The next answer, waiting up to 30 s. */
    public HeartbeatResponse next() {
        try {
            Object answer = answers.poll(30, TimeUnit.SECONDS);
            if (answer instanceof HeartbeatResponse response) {
                return response;
            }
            if (answer instanceof StatusRuntimeException status) {
                throw status;
            }
            if (answer instanceof Throwable t) {
                throw new IllegalStateException(t);
            }
            throw new IllegalStateException(answer == null ? "no answer within 30 s" : "stream completed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the stream from the agent's side. */
    @Override
    public void close() {
        try {
            requests.onCompleted();
        } catch (IllegalStateException alreadyClosed) {
            // the server ended it first
        }
    }
}
