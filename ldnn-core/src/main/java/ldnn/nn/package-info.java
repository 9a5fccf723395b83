/**
 * Layers and models: {@link ldnn.nn.Module} (named parameters, train/eval mode, one init method per layer),
 * the layers, {@link ldnn.nn.Init} (the recipe's init schemes), {@link ldnn.nn.Loss} (batch-averaged
 * losses) and {@link ldnn.nn.ModelSpec}, the compact model language used by the command line and model files.
 */
package ldnn.nn;
