package io.meridian.scheduler.kubeclient;

/** No usable cluster configuration; the message is one line a person can act on. */
public class ClusterConnectionException extends RuntimeException {

    public ClusterConnectionException(String message) {
        super(message);
    }
}
