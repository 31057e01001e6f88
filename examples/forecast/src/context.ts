// The shape of this project's context (configs/*.yaml), so `context.forecast.horizon` is typed.

declare module "gluepy" {
  interface GluepyContext {
    data: {
      rawPath: string;
      stores: string[];
      startDate: string;
      days: number;
      seed: number;
      testDays: number;
    };
    forecast: { horizon: number };
    model: { weekly: boolean; yearly: boolean; ridge: number };
  }
}

export {};
