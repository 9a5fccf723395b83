/**
 * Files that ldnn reads and writes, using only {@link ldnn.tensor}: {@link ldnn.io.Json} (strict JSON),
 * {@link ldnn.io.JsonLines} (metrics logs that survive a killed writer), {@link ldnn.io.SafeTensors}
 * (model and checkpoint tensors in the Hugging Face format), {@link ldnn.io.AtomicFiles} (every file
 * is complete or unchanged) and {@link ldnn.io.Checksums} (SHA-256). Malformed files give a
 * {@link ldnn.io.FileFormatException} whose message starts with the file name.
 */
package ldnn.io;
