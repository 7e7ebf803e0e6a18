package io.meridian.scheduler.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Drops what libraries log as a problem although it is none, and which levels alone cannot
 * single out:
 * <ul>
 * <li>Stopping an informer interrupts its threads, which client-java logs as errors with stack
 * traces. Being interrupted is how those threads are told to stop.</li>
 * <li>OptaPlanner's random entity selection gives up after many pinned entities in a row and
 * warns about it ("Bailing out of neverEnding selector"); settled placements are pinned, so that
 * happens in most passes. It is logged the first time only.</li>
 * </ul>
 */
@Component
public class LogNoiseFilter extends TurboFilter implements InitializingBean {

    private static final Set<String> INTERRUPTED_ON_STOP = Set.of(
            "io.kubernetes.client.informer.cache.Controller",
            "io.kubernetes.client.informer.cache.ProcessorListener");
    private static final String SELECTOR_PACKAGE = "org.optaplanner.core.impl.heuristic.selector.";
    private static final String BAILING_OUT = "Bailing out of neverEnding selector";

    private final AtomicBoolean bailedOut = new AtomicBoolean();

    /** Installs itself into logback, once per logging configuration (Spring Boot resets it on start). */
    @Override
    public void afterPropertiesSet() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(LogNoiseFilter.class::isInstance)) {
            start();
            context.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null) {
            return FilterReply.NEUTRAL;
        }
        if (INTERRUPTED_ON_STOP.contains(logger.getName()) && interrupted(params, t)) {
            return FilterReply.DENY;
        }
        if (format != null && logger.getName().startsWith(SELECTOR_PACKAGE) && format.startsWith(BAILING_OUT)
                && Level.WARN.equals(level)) {
            return bailedOut.getAndSet(true) ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean interrupted(Object[] params, Throwable t) {
        if (t instanceof InterruptedException) {
            return true;
        }
        if (params != null) {
            for (Object param : params) {
                if (param instanceof InterruptedException) {
                    return true;
                }
            }
        }
        return false;
    }
}
