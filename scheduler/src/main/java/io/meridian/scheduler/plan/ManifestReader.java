package io.meridian.scheduler.plan;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.meridian.api.ApiJson;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.common.KubernetesObject;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads kubectl-style manifests: files or directories (recursively, {@code .yaml}, {@code .yml},
 * {@code .json}, in name order), each holding one or more documents or a {@code List}. Other kinds
 * are skipped, as {@code kubectl apply} would apply them to something else.
 */
public final class ManifestReader {

    private static final Pattern CLUSTERSET = Pattern.compile(ClusterSetBindingSpec.CLUSTERSET_PATTERN);

    private final Gson gson = ApiJson.gson();

    public Manifests read(List<Path> inputs) {
        List<ClusterProfile> profiles = new ArrayList<>();
        List<Placement> placements = new ArrayList<>();
        Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, String> profileSources = new HashMap<>();
        List<ClusterSetBinding> bindings = new ArrayList<>();
        Map<String, String> bindingSources = new HashMap<>();
        for (Path file : files(inputs)) {
            List<Object> documents = load(file);
            for (int i = 0; i < documents.size(); i++) {
                for (Map<?, ?> object : objects(documents.get(i), file, i)) {
                    String where = file + " (document " + (i + 1) + ")";
                    switch (String.valueOf(object.get("kind"))) {
                        case ClusterProfile.KIND -> {
                            ClusterProfile profile = convert(object, ClusterProfile.class, where);
                            String previous = profileSources.put(profile.ref().toString(), where);
                            if (previous != null) {
                                throw new InvalidManifestException(where + ": ClusterProfile " + profile.ref()
                                        + " is also defined in " + previous);
                            }
                            profiles.add(profile);
                        }
                        case Placement.KIND -> {
                            Placement placement = convert(object, Placement.class, where);
                            String previous = sources.put(placement.key(), where);
                            if (previous != null) {
                                throw new InvalidManifestException(where + ": Placement " + placement.key()
                                        + " is also defined in " + previous);
                            }
                            placements.add(placement);
                        }
                        case ClusterSetBinding.KIND -> {
                            ClusterSetBinding binding = convert(object, ClusterSetBinding.class, where);
                            checkClusterSet(binding, where);
                            String previous = bindingSources.put(binding.key(), where);
                            if (previous != null) {
                                throw new InvalidManifestException(where + ": ClusterSetBinding " + binding.key()
                                        + " is also defined in " + previous);
                            }
                            bindings.add(binding);
                        }
                        case "Namespace" -> {
                            V1Namespace namespace = convert(object, V1Namespace.class, where);
                            namespaceLabels.put(namespace.getMetadata().getName(),
                                    namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels());
                        }
                        default -> {
                            // not an input of the scheduler
                        }
                    }
                }
            }
        }
        return new Manifests(profiles, placements, namespaceLabels, sources, bindings);
    }

    /** What the CRD's schema would refuse at the API server; offline there is none to refuse it. */
    private static void checkClusterSet(ClusterSetBinding binding, String where) {
        String clusterSet = binding.clusterSet();
        if (clusterSet == null || clusterSet.isEmpty()) {
            throw new InvalidManifestException(where + ": ClusterSetBinding " + binding.key()
                    + ": spec.clusterSet is required");
        }
        if (clusterSet.length() > ClusterSetBindingSpec.MAX_CLUSTERSET_LENGTH
                || !CLUSTERSET.matcher(clusterSet).matches()) {
            throw new InvalidManifestException(where + ": ClusterSetBinding " + binding.key() + ": spec.clusterSet '"
                    + clusterSet + "' is not a clusterset name (1 to 63 letters, digits, '-', '_' or '.', beginning"
                    + " and ending with a letter or digit)");
        }
    }

    private static List<Path> files(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile)
                            .filter(path -> path.toString().matches(".*\\.(ya?ml|json)$"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new InvalidManifestException(input + ": cannot read directory: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new InvalidManifestException(input + ": no such file or directory");
            }
        }
        return files;
    }

    private static List<Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            for (Object document : yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new InvalidManifestException(file + ": cannot read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new InvalidManifestException(file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static List<Map<?, ?>> objects(Object document, Path file, int index) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new InvalidManifestException(file + " (document " + (index + 1) + "): expected an object with kind and metadata");
        }
        if (!"List".equals(map.get("kind")) && !String.valueOf(map.get("kind")).endsWith("List")) {
            return List.of(map);
        }
        Object items = map.get("items");
        if (!(items instanceof List<?> list)) {
            return List.of();
        }
        List<Map<?, ?>> objects = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> itemMap) {
                objects.add(itemMap);
            }
        }
        return objects;
    }

    private <T extends KubernetesObject> T convert(Map<?, ?> object, Class<T> type, String where) {
        T result;
        try {
            result = gson.fromJson(gson.toJsonTree(object), type);
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidManifestException(where + ": invalid " + type.getSimpleName() + ": " + rootMessage(e), e);
        }
        V1ObjectMeta metadata = result.getMetadata();
        if (metadata == null || metadata.getName() == null || metadata.getName().isBlank()) {
            throw new InvalidManifestException(where + ": " + type.getSimpleName() + " needs metadata.name");
        }
        if (metadata.getNamespace() == null && !(result instanceof V1Namespace)) {
            metadata.setNamespace("default");
        }
        if (metadata.getGeneration() == null && result instanceof Placement) {
            metadata.setGeneration(1L); // what the API server gives a new object
        }
        return result;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Timestamps stay strings: the Kubernetes model parses them, not SnakeYAML. */
    private static Yaml yaml() {
        LoaderOptions loaderOptions = new LoaderOptions();
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new SafeConstructor(loaderOptions), new Representer(dumperOptions), dumperOptions,
                loaderOptions, new Resolver() {
                    @Override
                    protected void addImplicitResolvers() {
                        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
                        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
                        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.FLOAT, FLOAT, "-+0123456789.");
                        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
                        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
                        addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.MERGE, MERGE, "<");
                    }
                });
    }
}
