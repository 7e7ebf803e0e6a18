package io.meridian.scheduler.placement;

import io.kubernetes.client.custom.IntOrString;
import io.meridian.api.placement.DecisionGroup;
import io.meridian.api.placement.DecisionStrategy;
import io.meridian.api.placement.GroupStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a decision strategy and turns it into a {@link DecisionGrouping}. The CRD refuses
 * conflicting group settings already; they are checked again for the plan command and for
 * CRDs of older releases.
 */
final class DecisionStrategyValidator {

    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PERCENT = Pattern.compile("(100|[1-9][0-9]?)%");

    private final TermValidator terms;

    DecisionStrategyValidator(TermValidator terms) {
        this.terms = terms;
    }

    DecisionGrouping grouping(DecisionStrategy strategy, List<SpecViolation> violations) {
        GroupStrategy groups = strategy == null ? null : strategy.groupStrategy();
        if (groups == null) {
            return DecisionGrouping.NONE;
        }
        String field = "spec.decisionStrategy.groupStrategy";
        List<DecisionGroup> named = groups.decisionGroups() == null ? List.of() : groups.decisionGroups();
        if (named.size() > GroupStrategy.MAX_GROUPS) {
            violations.add(new SpecViolation(field + ".decisionGroups", "may hold at most " + GroupStrategy.MAX_GROUPS
                    + " groups, got " + named.size()));
            return DecisionGrouping.NONE;
        }
        List<DecisionGrouping.NamedGroup> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < named.size(); i++) {
            String at = field + ".decisionGroups[" + i + "]";
            DecisionGroup group = named.get(i);
            String name = group == null ? null : group.groupName();
            if (name == null || !GROUP_NAME.matcher(name).matches()) {
                violations.add(new SpecViolation(at + ".groupName", "'" + Wording.value(name) + "' is not a group name: "
                        + "up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"));
            } else if (!names.add(name)) {
                violations.add(new SpecViolation(at + ".groupName", "'" + name + "' is the name of an earlier group"));
            } else {
                result.add(new DecisionGrouping.NamedGroup(name,
                        terms.groupSelector(group.groupClusterSelector(), at + ".groupClusterSelector", violations)));
            }
        }
        IntOrString size = groups.clustersPerDecisionGroup();
        if (size == null) {
            return new DecisionGrouping(result, null, 100);
        }
        if (size.isInteger()) {
            if (size.getIntValue() < 1 || size.getIntValue() > GroupStrategy.MAX_CLUSTERS_PER_GROUP) {
                violations.add(new SpecViolation(field + ".clustersPerDecisionGroup", "must be a count from 1 to "
                        + GroupStrategy.MAX_CLUSTERS_PER_GROUP + " or a percentage from 1% to 100%, got " + size.getIntValue()));
            }
            return new DecisionGrouping(result, size.getIntValue(), 100);
        }
        java.util.regex.Matcher percent = PERCENT.matcher(String.valueOf(size.getStrValue()));
        if (!percent.matches()) {
            violations.add(new SpecViolation(field + ".clustersPerDecisionGroup", "'" + Wording.value(size.getStrValue())
                    + "' is not a count from 1 to " + GroupStrategy.MAX_CLUSTERS_PER_GROUP + " or a percentage from 1% to 100%"));
            return DecisionGrouping.NONE;
        }
        return new DecisionGrouping(result, null, Integer.parseInt(percent.group(1)));
    }

}
