package io.meridian.scheduler.placement;

import io.meridian.api.placement.Taint;
import io.meridian.api.placement.Toleration;
import io.meridian.scheduler.fleet.TaintEffect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks tolerations and turns them into {@link TolerationRule}s. The short forms
 * {@code condition: Unhealthy} and {@code condition: NotJoined} become tolerations of the built-in
 * taints with any value and effect. A placement whose tolerations name neither the unhealthy taint
 * nor every key gets the configured default toleration of the unhealthy taint.
 */
final class TolerationValidator {

    private final Duration defaultUnhealthyToleration;

    /** @param defaultUnhealthyToleration applied when no toleration names the unhealthy taint; null for none */
    TolerationValidator(Duration defaultUnhealthyToleration) {
        this.defaultUnhealthyToleration = defaultUnhealthyToleration;
    }

    List<TolerationRule> tolerations(List<Toleration> tolerations, List<SpecViolation> violations) {
        List<Toleration> given = tolerations == null ? List.of() : tolerations;
        List<TolerationRule> rules = new ArrayList<>();
        if (given.size() > Toleration.MAX_TOLERATIONS) {
            violations.add(new SpecViolation("spec.tolerations", "may hold at most " + Toleration.MAX_TOLERATIONS
                    + " tolerations, got " + given.size()));
            return rules;
        }
        for (int i = 0; i < given.size(); i++) {
            Toleration toleration = given.get(i);
            if (toleration != null) {
                TolerationRule rule = rule(toleration, "spec.tolerations[" + i + "]", violations);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        boolean namesUnhealthy = rules.stream().anyMatch(rule -> rule.key() == null || rule.key().equals(Taint.UNHEALTHY));
        if (defaultUnhealthyToleration != null && !namesUnhealthy) {
            rules.add(new TolerationRule(Taint.UNHEALTHY, true, "", null, defaultUnhealthyToleration));
        }
        return List.copyOf(rules);
    }

    private static TolerationRule rule(Toleration toleration, String field, List<SpecViolation> violations) {
        Long seconds = toleration.tolerationSeconds();
        if (seconds != null && (seconds < 0 || seconds > Toleration.MAX_TOLERATION_SECONDS)) {
            violations.add(new SpecViolation(field + ".tolerationSeconds", "must be between 0 and "
                    + Toleration.MAX_TOLERATION_SECONDS + ", got " + seconds));
            return null;
        }
        Duration duration = seconds == null ? PlacementRequest.TOLERATED_FOREVER : Duration.ofSeconds(seconds);
        if (toleration.condition() != null) {
            return shortForm(toleration, field, duration, violations);
        }
        String key = toleration.key() == null || toleration.key().isEmpty() ? null : toleration.key();
        String operator = toleration.operator() == null || toleration.operator().isEmpty() ? Toleration.EQUAL
                : toleration.operator();
        String value = toleration.value() == null ? "" : toleration.value();
        if (!operator.equals(Toleration.EQUAL) && !operator.equals(Toleration.EXISTS)) {
            violations.add(new SpecViolation(field + ".operator", "'" + Wording.value(operator)
                    + "' is not one of Equal, Exists"));
            return null;
        }
        boolean exists = operator.equals(Toleration.EXISTS);
        if (key == null && !exists) {
            violations.add(new SpecViolation(field, "needs a condition or a key; an empty key needs operator Exists"));
            return null;
        }
        if (exists && !value.isEmpty()) {
            violations.add(new SpecViolation(field + ".value", "operator Exists takes no value"));
            return null;
        }
        TaintEffect effect = null;
        if (toleration.effect() != null && !toleration.effect().isEmpty()) {
            effect = TaintEffect.parse(toleration.effect());
            if (effect == TaintEffect.UNKNOWN) {
                violations.add(new SpecViolation(field + ".effect", "'" + Wording.value(toleration.effect())
                        + "' is not one of NoSelect, PreferNoSelect, NoSelectIfNew"));
                return null;
            }
        }
        return new TolerationRule(key, exists, value, effect, duration);
    }

    private static TolerationRule shortForm(Toleration toleration, String field, Duration duration,
                                            List<SpecViolation> violations) {
        if (toleration.key() != null || toleration.operator() != null || toleration.value() != null
                || toleration.effect() != null) {
            violations.add(new SpecViolation(field, "condition is the short form of a toleration: it takes no key, "
                    + "operator, value or effect"));
            return null;
        }
        String key = switch (toleration.condition()) {
            case Toleration.UNHEALTHY -> Taint.UNHEALTHY;
            case Toleration.NOT_JOINED -> Taint.NOT_JOINED;
            default -> null;
        };
        if (key == null) {
            violations.add(new SpecViolation(field + ".condition",
                    "'" + Wording.value(toleration.condition()) + "' is not one of Unhealthy, NotJoined"));
            return null;
        }
        return new TolerationRule(key, true, "", null, duration);
    }
}
