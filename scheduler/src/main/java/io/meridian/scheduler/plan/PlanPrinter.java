package io.meridian.scheduler.plan;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import io.meridian.api.ApiJson;
import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.DecisionGroupStatus;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Prints planned placements as a table, or as a kubectl-style List in YAML or JSON. */
public final class PlanPrinter {

    public enum Format { table, yaml, json }

    /** Prefix of the annotations that carry a what-if plan's change; never written to the API server. */
    static final String CHANGE_ANNOTATION = "plan.meridian.io/change";

    private final Gson gson = ApiJson.gson();

    public void print(List<PlannedPlacement> planned, Format format, PrintWriter out) {
        switch (format) {
            case table -> table(planned, out);
            case json -> out.println(gson.newBuilder().setPrettyPrinting().create().toJson(asList(planned)));
            case yaml -> {
                DumperOptions options = new DumperOptions();
                options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
                options.setIndicatorIndent(2);
                options.setIndentWithIndicator(true);
                out.print(new Yaml(options).dump(asList(planned)));
            }
        }
        out.flush();
    }

    /** The change against the live Placement, as annotations kubectl users can read in YAML or JSON. */
    @SuppressWarnings("unchecked")
    private static void annotate(Map<String, Object> placement, DecisionChange change) {
        Map<String, Object> metadata = (Map<String, Object>) placement.get("metadata");
        Map<String, Object> annotations = (Map<String, Object>) metadata.computeIfAbsent("annotations", key -> new LinkedHashMap<>());
        annotations.put(CHANGE_ANNOTATION, change.summary());
        annotations.put(CHANGE_ANNOTATION + "-added", String.join(",", change.added()));
        annotations.put(CHANGE_ANNOTATION + "-removed", String.join(",", change.removed()));
    }

    /** Round-trips through the Kubernetes JSON model so the output is exactly what the API would store. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> asList(List<PlannedPlacement> planned) {
        List<Object> items = new ArrayList<>();
        for (PlannedPlacement entry : planned) {
            Map<String, Object> placement = (Map<String, Object>) plain(gson.toJsonTree(entry.placement()));
            if (entry.change() != null) {
                annotate(placement, entry.change());
            }
            items.add(placement);
            entry.slices().forEach(slice -> items.add(plain(gson.toJsonTree(slice))));
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", items);
        return list;
    }

    /** JSON tree to maps and lists, keeping whole numbers whole (Gson's own mapping makes every number a double). */
    private static Object plain(JsonElement element) {
        if (element.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            element.getAsJsonObject().entrySet().forEach(e -> {
                Object value = plain(e.getValue());
                // The model keeps empty label and annotation maps; the API server would not show them.
                if (!(value instanceof Map<?, ?> nested && nested.isEmpty() && EMPTY_OMITTED.contains(e.getKey()))) {
                    map.put(e.getKey(), value);
                }
            });
            return map;
        }
        if (element.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            element.getAsJsonArray().forEach(e -> list.add(plain(e)));
            return list;
        }
        if (element.isJsonNull()) {
            return null;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            BigDecimal number = primitive.getAsBigDecimal();
            return number.stripTrailingZeros().scale() <= 0 ? (Object) number.longValueExact() : number.doubleValue();
        }
        return primitive.getAsString();
    }

    private static final Set<String> EMPTY_OMITTED = Set.of("labels", "annotations");

    /**
     * The selected clusters; with decision groups, each group's after its index and name, as in
     * {@code [0 canary] a,b [1] c,d}.
     */
    private static String clusters(PlannedPlacement entry) {
        List<DecisionGroupStatus> groups = entry.placement().status().decisionGroups();
        boolean grouped = groups != null && (groups.size() > 1
                || groups.size() == 1 && !groups.get(0).decisionGroupName().isEmpty())
                && groups.stream().allMatch(group -> group.clusters() != null);
        if (!grouped) {
            return String.join(",", entry.selectedClusters());
        }
        return groups.stream().map(group -> "[" + group.decisionGroupIndex()
                        + (group.decisionGroupName().isEmpty() ? "" : " " + group.decisionGroupName()) + "] "
                        + group.clusters().stream().map(Object::toString).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }

    private static void table(List<PlannedPlacement> planned, PrintWriter out) {
        boolean live = planned.stream().anyMatch(entry -> entry.change() != null);
        List<String[]> rows = new ArrayList<>();
        rows.add(live ? new String[] {"PLACEMENT", "TYPE", "REQUESTED", "SELECTED", "SATISFIED", "REASON", "CHANGE", "CLUSTERS"}
                : new String[] {"PLACEMENT", "TYPE", "REQUESTED", "SELECTED", "SATISFIED", "REASON", "CLUSTERS"});
        for (PlannedPlacement entry : planned) {
            Placement placement = entry.placement();
            PlacementStatus status = placement.status();
            V1Condition satisfied = status.conditions().stream()
                    .filter(c -> Conditions.SATISFIED.equals(c.getType())).findFirst().orElse(null);
            String type = placement.spec().placementType() == null ? "PickAll" : placement.spec().placementType();
            String requested = switch (type) {
                case "PickN" -> String.valueOf(placement.spec().numberOfClusters());
                case "PickFixed" -> String.valueOf(placement.spec().clusterNames().size());
                default -> "all";
            };
            List<String> row = new ArrayList<>(List.of(placement.key(), type, requested,
                    String.valueOf(status.numberOfSelectedClusters()),
                    satisfied == null ? "" : satisfied.getStatus(), satisfied == null ? "" : satisfied.getReason()));
            if (live) {
                row.add(entry.change() == null ? "" : entry.change().summary());
            }
            row.add(clusters(entry));
            rows.add(row.toArray(String[]::new));
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
