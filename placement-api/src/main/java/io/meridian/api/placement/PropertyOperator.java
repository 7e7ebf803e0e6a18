package io.meridian.api.placement;

import java.util.Optional;

public enum PropertyOperator {
    In, NotIn, Exists, DoesNotExist, Gt, Ge, Lt, Le;

    public boolean isNumeric() {
        return this == Gt || this == Ge || this == Lt || this == Le;
    }

    public boolean takesNoValues() {
        return this == Exists || this == DoesNotExist;
    }

    public static Optional<PropertyOperator> parse(String value) {
        for (PropertyOperator operator : values()) {
            if (operator.name().equals(value)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }
}
