package com.bento.runtime.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.context.event.HttpRequestTerminatedEvent;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import jakarta.inject.Singleton;

/**
 * Keeps the host's in-flight picture true up to the socket, so that a graceful stop never cuts off
 * a response: a request leaves the count when Micronaut has handed its response to Netty
 * ({@link HttpRequestTerminatedEvent}), and every write on a connection counts until Netty reports
 * its bytes written, or the connection gone. A handler at the head of each connection's pipeline
 * sees those writes.
 */
@Singleton
@SuppressWarnings("exports") // a bean Micronaut calls, not an API: its Netty types need not reach the users of this module
@Requires(property = "bento.filter.enabled", notEquals = "false")
@Requires(beans = BentoHost.class)
public final class InFlightTracker implements ApplicationEventListener<HttpRequestTerminatedEvent>,
        BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final String HANDLER = "bento-response-writes";
    private final BentoHost host;
    private final WriteCounter counter;

    /**
     * @param host the host, bridged into the context
     */
    public InFlightTracker(BentoHost host) {
        this.host = host;
        this.counter = new WriteCounter(host);
    }

    @Override
    public void onApplicationEvent(HttpRequestTerminatedEvent event) {
        BentoFilter.terminated(event.getSource(), host);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new Connections(counter));
        return registry;
    }

    /** Adds the write counter to every accepted connection. */
    private record Connections(WriteCounter counter) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Connection(channel, counter) : this;
        }
    }

    private record Connection(Channel channel, WriteCounter counter) implements NettyServerCustomizer {
        @Override
        public void onInitialPipelineBuilt() {
            if (channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addFirst(HANDLER, counter);
            }
        }
    }

    /** Counts each write from the moment it enters the pipeline's head until its promise completes. */
    @ChannelHandler.Sharable
    static final class WriteCounter extends ChannelDuplexHandler {
        private final BentoHost host;

        WriteCounter(BentoHost host) {
            this.host = host;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ChannelPromise tracked = promise.unvoid();
            host.writeStarted();
            tracked.addListener((ChannelFutureListener) f -> host.writeFinished());
            ctx.write(msg, tracked);
        }
    }
}
