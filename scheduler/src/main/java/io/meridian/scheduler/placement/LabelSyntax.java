package io.meridian.scheduler.placement;

import java.util.regex.Pattern;

/**
 * The syntax Kubernetes requires of label keys and values (apimachinery's IsQualifiedName and
 * IsValidLabelValue). A selector that breaks it can never match a ClusterProfile, so it is a
 * misconfiguration rather than a selector that happens to match nothing.
 */
final class LabelSyntax {

    static final int MAX_NAME = 63;
    static final int MAX_PREFIX = 253;

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String NAME_RULE =
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private LabelSyntax() {
    }

    /** Null when {@code key} is a valid label key, otherwise what is wrong with it. */
    static String keyError(String key) {
        if (key == null || key.isEmpty()) {
            return "must not be empty";
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || !SUBDOMAIN.matcher(prefix).matches()) {
                return "prefix part must be a lowercase DNS subdomain of at most " + MAX_PREFIX
                        + " characters, such as example.com";
            }
        }
        if (name.isEmpty()) {
            return "name part must not be empty";
        }
        if (name.length() > MAX_NAME) {
            return "name part must be no more than " + MAX_NAME + " characters";
        }
        return NAME.matcher(name).matches() ? null : "name part " + NAME_RULE;
    }

    /** Null when {@code value} is a valid label value (the empty string is one), otherwise what is wrong. */
    static String valueError(String value) {
        if (value == null) {
            return "must be a string";
        }
        if (value.length() > MAX_NAME) {
            return "must be no more than " + MAX_NAME + " characters";
        }
        return value.isEmpty() || NAME.matcher(value).matches() ? null : NAME_RULE;
    }
}
