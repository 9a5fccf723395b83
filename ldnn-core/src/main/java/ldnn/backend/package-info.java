/**
 * Compute kernels: GEMM through OpenBLAS via the FFM API with no copies ({@link ldnn.backend.OpenBlas}),
 * validated against a plain-Java reference ({@link ldnn.backend.JavaGemm}); Vector API loops for
 * elementwise math and reductions ({@link ldnn.backend.Vec}); im2col/pooling and LSTM cell kernels.
 */
package ldnn.backend;
