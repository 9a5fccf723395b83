/**
 * Data: readers (IDX, CSV, NumPy .npy/.npz, image folders, UTF-8 text), named data sets found locally or
 * downloaded with a checksum check ({@link ldnn.data.NamedDatasets}), preprocessing fitted on the training
 * split ({@link ldnn.data.Preprocessor}), augmentation, a background batch loader, and the data doctor.
 */
package ldnn.data;
