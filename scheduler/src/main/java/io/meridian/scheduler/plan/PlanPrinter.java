package io.meridian.scheduler.plan;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import io.meridian.api.ApiJson;
import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Prints planned placements as a table, or as a kubectl-style List in YAML or JSON. */
public final class PlanPrinter {

    public enum Format { table, yaml, json }

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

    /** Round-trips through the Kubernetes JSON model so the output is exactly what the API would store. */
    private Map<String, Object> asList(List<PlannedPlacement> planned) {
        List<Object> items = new ArrayList<>();
        for (PlannedPlacement entry : planned) {
            items.add(plain(gson.toJsonTree(entry.placement())));
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
            element.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
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

    private static void table(List<PlannedPlacement> planned, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PLACEMENT", "TYPE", "REQUESTED", "SELECTED", "SATISFIED", "REASON", "CLUSTERS"});
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
            rows.add(new String[] {
                    placement.key(), type, requested, String.valueOf(status.numberOfSelectedClusters()),
                    satisfied == null ? "" : satisfied.getStatus(), satisfied == null ? "" : satisfied.getReason(),
                    status.decisions().stream().map(Decision::clusterProfileRef).map(Object::toString)
                            .collect(Collectors.joining(","))});
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
