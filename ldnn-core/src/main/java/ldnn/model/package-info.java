/**
 * The saved model: {@link ldnn.model.ModelFile} writes and reads one self-describing file with the
 * architecture (the {@link ldnn.nn.ModelSpec} and input shape), the fitted preprocessing
 * ({@link ldnn.data.Preprocessor}), class names and the weights (safetensors, through {@link ldnn.io}).
 * It sits above nn, data and io, which it joins, and below train and the command line.
 */
package ldnn.model;
