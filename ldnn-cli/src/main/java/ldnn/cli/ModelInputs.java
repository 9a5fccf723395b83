package ldnn.cli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ldnn.data.Dataset;
import ldnn.data.TextCorpus;
import ldnn.model.ModelFile;
import ldnn.tensor.IntTensor;

/**
 * Fits data to a saved model for `eval` and `predict`: the example shape must be the model's input
 * shape, labels are mapped onto the model's classes by name, and a text is encoded with the model's
 * vocabulary. Every mismatch is an error naming the data, what the model expects and what was found.
 */
final class ModelInputs {
    private ModelInputs() {
    }

    static void checkShape(String source, int[] found, int[] expected) {
        if (!Arrays.equals(found, expected)) {
            throw new IllegalArgumentException(source + ": expected examples of shape " + Arrays.toString(expected)
                    + " (the model's input), found " + Arrays.toString(found));
        }
    }

    /** The data set with its labels renumbered to the model's classes. */
    static Dataset aligned(Dataset d, String source, ModelFile.Info model) {
        checkShape(source, d.exampleShape(), model.inputShape());
        List<String> classes = model.classNames();
        int[] y = d.labels().data();
        int[] mapped = new int[y.length];
        boolean byName = !d.classNames().isEmpty() && classes.containsAll(d.classNames());
        if (byName) {
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                index.put(classes.get(c), c);
            }
            for (int i = 0; i < y.length; i++) {
                mapped[i] = index.get(d.classNames().get(y[i]));
            }
        } else if (d.classNames().isEmpty() || isNumbered(classes)) {
            for (int i = 0; i < y.length; i++) {
                if (y[i] < 0 || y[i] >= classes.size()) {
                    throw new IllegalArgumentException(source + ": label " + y[i] + " at example " + i
                            + " is outside the model's " + classes.size() + " classes");
                }
                mapped[i] = y[i];
            }
        } else {
            List<String> unknown = d.classNames().stream().filter(c -> !classes.contains(c)).toList();
            throw new IllegalArgumentException(source + ": classes " + unknown + " are not among the model's classes "
                    + abbreviate(classes));
        }
        return Dataset.classification(d.name(), d.x(), new IntTensor(mapped, mapped.length), classes);
    }

    private static boolean isNumbered(List<String> classes) {
        for (int c = 0; c < classes.size(); c++) {
            if (!classes.get(c).equals(String.valueOf(c))) {
                return false;
            }
        }
        return true;
    }

    /** A text's characters as ids of the model's vocabulary (its class names, one character each). */
    static int[] encode(TextCorpus text, ModelFile.Info model) {
        Map<Integer, Integer> index = new HashMap<>();
        for (int c = 0; c < model.classNames().size(); c++) {
            index.put(model.classNames().get(c).codePointAt(0), c);
        }
        int[] vocab = text.vocabulary();
        int[] toModel = new int[vocab.length];
        for (int v = 0; v < vocab.length; v++) {
            Integer id = index.get(vocab[v]);
            if (id == null) {
                int at = indexOf(text.ids(), v);
                throw new IllegalArgumentException(text.name() + ": character " + at + " '" + Character.toString(vocab[v])
                        + "' (U+" + String.format("%04X", vocab[v]) + ") is not in the model's vocabulary of "
                        + model.classNames().size() + " characters");
            }
            toModel[v] = id;
        }
        int[] ids = text.ids(), out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = toModel[ids[i]];
        }
        return out;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 12 ? names.toString()
                : names.subList(0, 12).toString().replaceFirst("]$", ", ... (" + names.size() + " in all)]");
    }
}
