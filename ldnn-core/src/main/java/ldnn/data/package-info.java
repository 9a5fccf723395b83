/**
 * Data: readers (IDX, CSV, NumPy .npy/.npz, image folders, UTF-8 text), named data sets found locally or
 * downloaded with a checksum check ({@link ldnn.data.NamedDatasets}), preprocessing fitted on the training
 * split ({@link ldnn.data.Preprocessor}), augmentation, minibatches for training and evaluation
 * ({@link ldnn.data.BatchSource}: seeded shuffles, prepared on a background thread, or a text's windows in
 * {@link ldnn.data.TextBatches}), and the data doctor.
 */
package ldnn.data;
