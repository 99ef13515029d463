// Starts GraphiQL on the endpoint the page names (api/templates/api/graphiql.html); no inline script, for the CSP.
(function () {
  const element = document.getElementById("graphiql");
  const fetcher = GraphiQL.createFetcher({ url: element.dataset.endpoint });
  ReactDOM.createRoot(element).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }),
  );
})();
