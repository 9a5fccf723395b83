/** Optimizers: SGD with (Nesterov) momentum and Adam/AdamW, with update-norm measurement for the ratio monitor. */
package ldnn.optim;
