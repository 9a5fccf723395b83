package ldnn.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The thirteen points of the recipe (see RECIPE.md), in the essay's order; in files, by number. */
public enum RecipePoint {
    /** 1: a held-out validation set, never trained on. */
    VALIDATION(1, "validation set"),
    /** 2: inputs standardized with statistics of the training split. */
    STANDARDIZED_INPUTS(2, "standardized inputs"),
    /** 3: minibatches of about 128 examples. */
    MINIBATCHES(3, "minibatches"),
    /** 4: the loss averaged over the batch, so the LR does not depend on the batch size. */
    LOSS_AVERAGED(4, "loss averaged"),
    /** 5: start at LR 0.1 and divide it when validation stops improving. */
    LR_SCHEDULE(5, "LR schedule"),
    /** 6: the update/weight ratio watched per layer (around 1e-3). */
    UPDATE_RATIO(6, "update/weight ratio"),
    /** 7: careful initialization, and more pressure on it when a net does not get off the ground. */
    INITIALIZATION(7, "initialization"),
    /** 8: gradient-norm clipping for recurrent nets. */
    GRADIENT_CLIPPING(8, "gradient clipping"),
    /** 9: numerical gradient checks of every op. */
    GRADIENT_CHECK(9, "gradient check"),
    /** 10: a large LSTM forget-gate bias. */
    LSTM_FORGET_BIAS(10, "LSTM forget-gate bias"),
    /** 11: data augmentation. */
    AUGMENTATION(11, "data augmentation"),
    /** 12: dropout. */
    DROPOUT(12, "dropout"),
    /** 13: an ensemble of independently trained nets. */
    ENSEMBLE(13, "ensemble");

    private final int number;
    private final String title;

    RecipePoint(int number, String title) {
        this.number = number;
        this.title = title;
    }

    /** The point's number in the essay, 1 to 13 (how files store it). */
    @JsonValue
    public int number() {
        return number;
    }

    /** The point with the given number; 1 to 13, else an IllegalArgumentException. */
    @JsonCreator
    public static RecipePoint of(int number) {
        for (RecipePoint p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("recipe point: expected 1 to 13, got " + number);
    }

    /** A short title, e.g. "update/weight ratio". */
    public String title() {
        return title;
    }
}
