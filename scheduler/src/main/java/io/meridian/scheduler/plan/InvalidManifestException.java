package io.meridian.scheduler.plan;

/** Input the plan command cannot use; the message names the file, document and field. */
public class InvalidManifestException extends RuntimeException {

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
