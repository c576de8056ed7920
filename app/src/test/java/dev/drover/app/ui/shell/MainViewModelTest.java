package dev.drover.app.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class MainViewModelTest {

  private final MainViewModel model = new MainViewModel();

  @Test
  void startsOnContainers() {
    assertThat(model.pageProperty().get()).isEqualTo(Page.CONTAINERS);
  }

  @Test
  void showSwitchesThePage() {
    model.show(Page.SETTINGS);

    assertThat(model.pageProperty().get()).isEqualTo(Page.SETTINGS);
  }

  @Test
  void showNullIsIgnored() {
    model.show(Page.TROUBLESHOOTING);

    model.show(null);

    assertThat(model.pageProperty().get()).isEqualTo(Page.TROUBLESHOOTING);
  }

  @Test
  void sidebarStartsWithContainersAndEveryPageHasATitle() {
    assertThat(Page.values()[0]).isEqualTo(Page.CONTAINERS);
    assertThat(Page.values()).allSatisfy(page -> assertThat(page.title()).isNotBlank());
    assertThat(Page.KUBERNETES.title()).isEqualTo("Kubernetes");
  }

  @Test
  void askingForThePageShownAgainTellsItsSubscribersSoADetailsPageGoesBackToTheList()
      throws Exception {
    var asked = new ArrayList<Page>();
    var subscription = model.subscribe(Page.CONTAINERS, () -> asked.add(Page.CONTAINERS));

    model.show(Page.CONTAINERS);
    model.show(Page.IMAGES);
    model.show(Page.CONTAINERS);
    assertThat(asked).hasSize(2);

    subscription.close();
    model.show(Page.CONTAINERS);
    assertThat(asked).hasSize(2);
  }
}
