package org.multipose.combination;

/**
 * Reference values printed by src/test/python/combination_reference.py (numpy/scipy logsumexp and softmax; Boltzmann
 * coefficients by complex-step differentiation), pasted verbatim. Not computed by the code under test.
 */
final class CombinationReference {

    private CombinationReference() {
    }

    static final double[] Y5 = {-3.2, -1.1, -4.7, 0.5, -4.6};

    // five poses, y = [-3.2, -1.1, -4.7, 0.5, -4.6]
    static final double MEAN5 = -2.62;
    static final double MIN5_T1 = -5.470482163369524;
    static final double[] MIN5_T1_W = {
        0.10326237874139471, 0.012645142073577847, 0.46278987418241846, 0.0025530101542030836,
        0.41874959484840585
    };
    static final double MIN5_T1000 = -4.7;
    static final double[] MIN5_T1000_W = {
        0.0, 0.0, 1.0, 0.0,
        3.720075976020836e-44
    };
    static final double MAX5_T2 = 0.5203026941111727;
    static final double[] MAX5_T2_W = {
        0.0005869297696010397, 0.03914019291338886, 2.9221512566261597e-05, 0.9602079645683979,
        3.569123604604402e-05
    };
    static final double BOLTZ5_KT1 = -4.444433308136331;
    static final double[] BOLTZ5_KT1_W = {
        0.10326237874139471, 0.012645142073577847, 0.46278987418241846, 0.0025530101542030836,
        0.41874959484840585
    };
    static final double[] BOLTZ5_KT1_C = {
        -0.02524076484178593, -0.029645692263412016, 0.5810635513552229, -0.010070178288248912,
        0.4838930840382239
    };
    static final double BOLTZ5_KT06 = -4.587327676679599;
    static final double[] BOLTZ5_KT06_W = {
        0.0425042698635744, 0.0012835177341560533, 0.5178080109171057, 8.918324187483277e-05,
        0.43831501824328906
    };
    static final double[] BOLTZ5_KT06_C = {
        -0.055774646734417885, -0.0061765604622297686, 0.6150457302903486, -0.0006669907159349135,
        0.44757246762223296
    };
    // 1000 poses, y_i = -5 + 10 * ((i * 7919) % 1000) / 1000; weights/coefficients of poses 0, 1, 999
    static final double MEAN1000 = -0.0049999999999999845;
    static final double MIN1000_T1 = -9.610120618364526;
    static final double[] MIN1000_T1_W = {
        0.009950618008190611, 1.0155089745833048e-06, 0.004426612684846847
    };
    static final double MIN1000_T1000 = -5.00000004540096;
    static final double[] MIN1000_T1000_W = {
        0.9999546000702375, 0.0, 0.0
    };
    static final double BOLTZ1000 = -4.005445686590652;
    static final double[] BOLTZ1000_W = {
        0.009950618008190611, 1.0155089745833048e-06, 0.004426612684846847
    };
    static final double[] BOLTZ1000_C = {
        0.019847048069325284, -7.307039670859537e-06, 0.00524356314962786
    };
    // readouts
    static final double PK_OF_M9_5 = 4.125797578080892;
    static final double PIC50_CP_OF_M9_5 = 3.6486763233612294;
    static final double KCAL_OF_M9_5_298 = -5.6286062896999995;
    static final double KCAL_OF_M9_5_310 = -5.85231578;
}
