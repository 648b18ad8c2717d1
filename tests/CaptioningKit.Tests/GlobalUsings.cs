// The exercises (Teaching), the model (Model), the run pictures (Demo) and the safetensors format are used across many test folders.
global using CaptioningKit.Demo;
global using CaptioningKit.Model;
global using CaptioningKit.SafeTensors;
global using CaptioningKit.Teaching;
