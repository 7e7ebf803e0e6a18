package io.meridian.scheduler.placement;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.kubernetes.client.custom.Quantity;
import io.meridian.scheduler.fleet.KubernetesVersion;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compiles the CEL expressions of placement specs (with the {@code dev.cel} library) into
 * {@link CelSelector}s over ClusterProfiles. Each expression is compiled once and kept while it
 * is in use: specs are validated on every pass, and compiling is far slower than evaluating.
 *
 * <p>Variables: {@code clusterName} and {@code clusterNamespace} (the profile's), {@code clusterManager}, {@code clusterSet},
 * {@code location}, {@code kubernetesVersion} (strings, empty when unknown), {@code labels} and
 * {@code properties} (maps of strings). Helpers: {@code number(s)} and {@code quantity(s)} read a
 * plain number or a Kubernetes quantity as a double, {@code compareVersions(a, b)} compares
 * Kubernetes versions. Optional access ({@code labels[?'k'].orValue('')}) and the strings
 * extension are on.
 */
public final class CelSelectors {

    /** Evaluation steps one expression may take on one cluster. */
    public static final int COST_LIMIT = 10_000;
    /** Compiled expressions kept; the least recently used beyond this are compiled again when next needed. */
    static final int CACHE_SIZE = 4096;

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableOptionalSyntax(true)
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(COST_LIMIT)
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.optional(), CelExtensions.strings())
            .addVar("clusterName", SimpleType.STRING)
            .addVar("clusterNamespace", SimpleType.STRING)
            .addVar("clusterManager", SimpleType.STRING)
            .addVar("clusterSet", SimpleType.STRING)
            .addVar("location", SimpleType.STRING)
            .addVar("kubernetesVersion", SimpleType.STRING)
            .addVar("labels", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("properties", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addFunctionDeclarations(
                    CelFunctionDecl.newFunctionDeclaration("number",
                            CelOverloadDecl.newGlobalOverload("number_string", SimpleType.DOUBLE, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("quantity",
                            CelOverloadDecl.newGlobalOverload("quantity_string", SimpleType.DOUBLE, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("compareVersions",
                            CelOverloadDecl.newGlobalOverload("compare_versions_string_string", SimpleType.INT,
                                    SimpleType.STRING, SimpleType.STRING)))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.optional(), CelExtensions.strings())
            .addFunctionBindings(
                    CelFunctionBinding.from("number_string", String.class, CelSelectors::number),
                    CelFunctionBinding.from("quantity_string", String.class, CelSelectors::quantity),
                    CelFunctionBinding.from("compare_versions_string_string", String.class, String.class,
                            CelSelectors::compareVersions))
            .build();

    private final Map<String, Compiled> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private int compilations;

    /** An expression compiled, or why it cannot be. */
    record Compiled(CelRuntime.Program program, String error) {
    }

    /**
     * @param field where the expression is in the spec, for messages
     * @return the selector, or null after adding a violation naming the expression and the compiler's message
     */
    CelSelector selector(String field, String expression, List<SpecViolation> violations) {
        Compiled compiled = compile(expression);
        if (compiled.error() != null) {
            violations.add(new SpecViolation(field, "'" + Wording.value(expression) + "' " + compiled.error()));
            return null;
        }
        return new CelSelector(field, expression, compiled.program());
    }

    synchronized Compiled compile(String expression) {
        return cache.computeIfAbsent(expression, text -> {
            compilations++;
            return compileNow(text);
        });
    }

    /** How many expressions were compiled so far; for tests that check the cache. */
    synchronized int compilations() {
        return compilations;
    }

    private static Compiled compileNow(String expression) {
        CelValidationResult result;
        try {
            result = COMPILER.compile(expression);
        } catch (RuntimeException parserFailure) {
            return new Compiled(null, "does not compile: " + parserFailure.getMessage());
        }
        if (result.hasError()) {
            return new Compiled(null, "does not compile: " + result.getErrors().stream().limit(3)
                    .map(CelSelectors::describe).collect(Collectors.joining("; ")));
        }
        try {
            return new Compiled(RUNTIME.createProgram(result.getAst()), null);
        } catch (CelValidationException | CelEvaluationException | RuntimeException notRunnable) {
            return new Compiled(null, "cannot run: " + notRunnable.getMessage());
        }
    }

    private static String describe(CelIssue issue) {
        return issue.getSourceLocation().getLine() + ":" + (issue.getSourceLocation().getColumn() + 1) + ": "
                + issue.getMessage();
    }

    private static Object number(String text) throws CelEvaluationException {
        try {
            return new BigDecimal(text.trim()).doubleValue();
        } catch (NumberFormatException notANumber) {
            throw new CelEvaluationException("number: '" + Wording.value(text) + "' is not a number");
        }
    }

    private static Object quantity(String text) throws CelEvaluationException {
        try {
            return new Quantity(text.trim()).getNumber().doubleValue();
        } catch (RuntimeException notAQuantity) {
            throw new CelEvaluationException("quantity: '" + Wording.value(text) + "' is not a Kubernetes quantity");
        }
    }

    private static Object compareVersions(String left, String right) throws CelEvaluationException {
        KubernetesVersion a = version(left);
        KubernetesVersion b = version(right);
        return (long) Integer.signum(a.compareTo(b));
    }

    private static KubernetesVersion version(String text) throws CelEvaluationException {
        return KubernetesVersion.parse(text).orElseThrow(() ->
                new CelEvaluationException("compareVersions: '" + Wording.value(text) + "' is not a Kubernetes version"));
    }
}
