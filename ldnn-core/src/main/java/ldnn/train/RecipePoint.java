package ldnn.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The thirteen points of the recipe (see RECIPE.md), in the essay's order; in files, by number. */
public enum RecipePoint {
    VALIDATION(1, "validation set"),
    STANDARDIZED_INPUTS(2, "standardized inputs"),
    MINIBATCHES(3, "minibatches"),
    LOSS_AVERAGED(4, "loss averaged"),
    LR_SCHEDULE(5, "LR schedule"),
    UPDATE_RATIO(6, "update/weight ratio"),
    INITIALIZATION(7, "initialization"),
    GRADIENT_CLIPPING(8, "gradient clipping"),
    GRADIENT_CHECK(9, "gradient check"),
    LSTM_FORGET_BIAS(10, "LSTM forget-gate bias"),
    AUGMENTATION(11, "data augmentation"),
    DROPOUT(12, "dropout"),
    ENSEMBLE(13, "ensemble");

    private final int number;
    private final String title;

    RecipePoint(int number, String title) {
        this.number = number;
        this.title = title;
    }

    @JsonValue
    public int number() {
        return number;
    }

    @JsonCreator
    public static RecipePoint of(int number) {
        for (RecipePoint p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("recipe point: expected 1 to 13, got " + number);
    }

    public String title() {
        return title;
    }
}
