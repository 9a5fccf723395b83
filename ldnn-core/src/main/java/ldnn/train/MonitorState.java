package ldnn.train;

import java.util.Map;
import ldnn.io.Json;
import ldnn.tensor.Tensor;

/**
 * A monitor's checkpointed state: its small fields as a record (JSON in the checkpoint) and anything
 * large as tensors (e.g. the best weights so far). Read back from a file, the fields are a JSON tree
 * until the monitor asks for its record type.
 */
public record MonitorState(Object fields, Map<String, Tensor> tensors) {
    public static final MonitorState NONE = new MonitorState(null, Map.of());

    /** A state of plain fields, without tensors. */
    public static MonitorState of(Record fields) {
        return new MonitorState(fields, Map.of());
    }

    /** Copies the tensor map. */
    public MonitorState {
        tensors = Map.copyOf(tensors);
    }

    /** The fields as the monitor's record type; null when nothing was saved. */
    public <T> T fields(Class<T> type) {
        if (fields == null) {
            return null;
        }
        return type.isInstance(fields) ? type.cast(fields) : Json.convert(fields, type);
    }
}
