// The dashboard's charts (@shopify/polaris-viz). They measure the DOM, so pages render them inside
// <ClientOnly>; the server and the first client render show the placeholder instead.
import { BarChart, FunnelChart, PolarisVizProvider } from "@shopify/polaris-viz";

const box = (height: number) => ({ height, width: "100%" });

export function FunnelFigures(props: { stages: { label: string; value: number }[] }) {
  return (
    <PolarisVizProvider>
      <div style={box(300)} aria-label="Funnel: emails through to orders" role="img">
        <FunnelChart
          theme="Light"
          isAnimated={false}
          data={[
            { name: "All campaigns", data: props.stages.map((s) => ({ key: s.label, value: s.value })) },
          ]}
        />
      </div>
    </PolarisVizProvider>
  );
}

export function NpsDistribution(props: { distribution: number[] }) {
  return (
    <PolarisVizProvider>
      <div style={box(220)} aria-label="NPS answers per score" role="img">
        <BarChart
          theme="Light"
          isAnimated={false}
          showLegend={false}
          data={[
            {
              name: "Answers",
              data: props.distribution.map((value, score) => ({ key: String(score), value })),
            },
          ]}
          yAxisOptions={{ integersOnly: true }}
        />
      </div>
    </PolarisVizProvider>
  );
}
