package ldnn;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layers of every module this one sees (core, experiments, cli; not bench), top to bottom:
 * each layer uses only the layers below it, and the packages of one layer that are siblings (nn, optim,
 * data, io, check) do not use each other. A failure names each arrow that runs the wrong way.
 */
class ArchitectureTest {
    /** Layer name to its packages, top to bottom. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("cli+report", List.of("ldnn.cli..", "ldnn.report.."));
        LAYERS.put("experiments", List.of("ldnn.experiments.."));
        LAYERS.put("train", List.of("ldnn.train.."));
        LAYERS.put("model", List.of("ldnn.model.."));
        LAYERS.put("nn", List.of("ldnn.nn.."));       // nn, optim, data, io and check are siblings:
        LAYERS.put("optim", List.of("ldnn.optim.."));  // each may use only the layers below them
        LAYERS.put("data", List.of("ldnn.data.."));
        LAYERS.put("io", List.of("ldnn.io.."));
        LAYERS.put("check", List.of("ldnn.check.."));
        LAYERS.put("tensor+autograd", List.of("ldnn.tensor..", "ldnn.autograd.."));
        LAYERS.put("backend", List.of("ldnn.backend.."));
    }

    /** Which layers each layer may use. */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        List<String> base = List.of("tensor+autograd", "backend");
        List<String> middle = List.of("nn", "optim", "data", "io", "check", "tensor+autograd", "backend");
        MAY_USE.put("cli+report", concat(List.of("experiments", "train", "model"), middle));
        MAY_USE.put("experiments", concat(List.of("train", "model"), middle));
        MAY_USE.put("train", concat(List.of("model"), middle));
        MAY_USE.put("model", middle);
        for (String sibling : List.of("nn", "optim", "data", "io", "check")) {
            MAY_USE.put(sibling, base);
        }
        MAY_USE.put("tensor+autograd", List.of("backend"));
        MAY_USE.put("backend", List.of());
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ldnn");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Map.Entry<String, List<String>> l : LAYERS.entrySet()) {
            layers = layers.layer(l.getKey()).definedBy(l.getValue().toArray(String[]::new));
        }
        for (Map.Entry<String, List<String>> u : MAY_USE.entrySet()) {
            layers = u.getValue().isEmpty() ? layers.whereLayer(u.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(u.getKey()).mayOnlyAccessLayers(u.getValue().toArray(String[]::new));
        }
        assertNoArrowsUp(layers.evaluate(classes));
    }

    @Test
    void ioUsesOnlyTensorAndBackend() {
        noClasses().that().resideInAPackage("ldnn.io..").should().dependOnClassesThat(
                resideInAPackage("ldnn..").and(DescribedPredicate.not(
                        resideInAnyPackage("ldnn.io..", "ldnn.tensor..", "ldnn.backend.."))))
                .because("io reads and writes files for every layer above it, so it must not depend on them")
                .check(classes);
    }

    @Test
    void packagesHaveNoCyclesExceptTensorAndAutogradWhichAreOneLayer() {
        SliceAssignment packages = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String[] p = c.getPackageName().split("\\.");
                if (p.length < 2 || !p[0].equals("ldnn")) {
                    return SliceIdentifier.ignore();
                }
                return SliceIdentifier.of(p[1].equals("tensor") || p[1].equals("autograd") ? "tensor+autograd" : p[1]);
            }

            @Override
            public String getDescription() {
                return "ldnn's packages (tensor and autograd as one)";
            }
        };
        slices().assignedFrom(packages).should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyLayerHasClasses() {
        for (String c : List.of("ldnn.cli.Main", "ldnn.experiments.Experiments", "ldnn.model.ModelFile",
                "ldnn.tensor.Tensor", "ldnn.backend.OpenBlas")) {
            assertTrue(classes.contain(c), c + " was not imported: the test sees too few modules");
        }
    }

    /** One line per arrow that runs the wrong way: layers, classes, and the lines where it happens. */
    private static void assertNoArrowsUp(EvaluationResult result) {
        if (!result.hasViolation()) {
            return;
        }
        Map<String, TreeSet<Integer>> arrows = new TreeMap<>();
        result.handleViolations((Collection<Dependency> deps, String message) -> {
            for (Dependency d : deps) {
                String from = layerOf(d.getOriginClass()), to = layerOf(d.getTargetClass());
                String arrow = from + " -> " + to + ": " + d.getOriginClass().getName() + " uses "
                        + d.getTargetClass().getName() + " (" + from + " may use only " + MAY_USE.get(from) + ")";
                arrows.computeIfAbsent(arrow, k -> new TreeSet<>()).add(d.getSourceCodeLocation().getLineNumber());
            }
        });
        if (arrows.isEmpty()) {
            fail(result.getFailureReport().toString());
        }
        StringBuilder m = new StringBuilder("arrows that run the wrong way (a layer may use only the layers below it):");
        arrows.forEach((arrow, lines) -> {
            lines.remove(0); // 0: a signature or field, not a line
            m.append("\n  ").append(arrow).append(lines.isEmpty() ? "" : ", lines " + lines);
        });
        fail(m.toString());
    }

    private static String layerOf(JavaClass c) {
        for (Map.Entry<String, List<String>> l : LAYERS.entrySet()) {
            for (String p : l.getValue()) {
                if (c.getPackageName().equals(p.replace("..", "")) || c.getPackageName().startsWith(p.replace("..", "."))) {
                    return l.getKey();
                }
            }
        }
        return c.getPackageName();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
