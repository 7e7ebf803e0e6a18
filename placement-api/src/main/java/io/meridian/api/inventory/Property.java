package io.meridian.api.inventory;

/** One name/value property a cluster manager reports for a cluster. Values are always strings. */
public record Property(String name, String value, String lastObservedTime) {

    public Property(String name, String value) {
        this(name, value, null);
    }
}
