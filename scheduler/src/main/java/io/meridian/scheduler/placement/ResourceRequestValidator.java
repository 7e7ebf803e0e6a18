package io.meridian.scheduler.placement;

import io.kubernetes.client.custom.IntOrString;
import io.meridian.api.placement.ResourceRequirements;
import io.meridian.scheduler.fleet.ResourceQuantities;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads {@code spec.resources.requests}, as the CRD checks it, for specs the CRD did not check. */
final class ResourceRequestValidator {

    private static final Pattern NAME =
            Pattern.compile("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
    private static final int MAX_NAME = 253;

    private ResourceRequestValidator() {
    }

    static ResourceRequests requests(ResourceRequirements resources, List<SpecViolation> violations) {
        if (resources == null || resources.requests() == null || resources.requests().isEmpty()) {
            return ResourceRequests.NONE;
        }
        Map<String, IntOrString> given = resources.requests();
        if (given.size() > ResourceRequirements.MAX_REQUESTS) {
            violations.add(new SpecViolation("spec.resources.requests", "may name at most "
                    + ResourceRequirements.MAX_REQUESTS + " resources, got " + given.size()));
            return ResourceRequests.NONE;
        }
        Map<String, Long> units = new TreeMap<>();
        for (Map.Entry<String, IntOrString> request : new TreeMap<>(given).entrySet()) {
            String name = request.getKey();
            String field = "spec.resources.requests[" + name + "]";
            if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
                violations.add(new SpecViolation(field, "'" + Wording.value(name)
                        + "' is not a resource name such as cpu, memory or nvidia.com/gpu"));
                continue;
            }
            IntOrString value = request.getValue();
            String text = value == null ? null : value.isInteger() ? value.getIntValue().toString() : value.getStrValue();
            Optional<BigDecimal> amount = ResourceQuantities.parse(text);
            if (amount.isEmpty()) {
                violations.add(new SpecViolation(field, "'" + Wording.value(text)
                        + "' is not a Kubernetes quantity of at least 0, such as 4, 500m or 16Gi"));
                continue;
            }
            units.put(name, ResourceQuantities.requestUnits(name, amount.get()));
        }
        return ResourceRequests.of(units);
    }
}
